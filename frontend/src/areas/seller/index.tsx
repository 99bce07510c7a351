import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import type { AreaDefinition } from '../types';
import { SellerWorkspace } from './SellerWorkspace';

function SellerArea() {
  return (
    <Routes>
      <Route index element={<SellerWorkspace />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const sellerArea: AreaDefinition = {
  persona: 'seller',
  title: 'Seller workspace',
  summary: 'your seller companies and what each role lets you do',
  path: '/seller',
  nav: [{ to: '/seller', label: 'Seller workspace', end: true }],
  Component: SellerArea,
};
