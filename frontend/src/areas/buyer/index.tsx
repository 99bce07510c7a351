import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { canReadProducts } from '../../shell/permissions';
import type { AreaDefinition } from '../types';
import { BuyerWorkspace } from './BuyerWorkspace';

function BuyerArea() {
  return (
    <Routes>
      <Route index element={<BuyerWorkspace />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const buyerArea: AreaDefinition = {
  persona: 'buyer',
  title: 'Buyer workspace',
  summary: 'your buying companies and what each role lets you do',
  path: '/buyer',
  nav: [
    { to: '/buyer', label: 'Buyer workspace', end: true },
    { to: '/search', label: 'Catalog search', visible: canReadProducts },
  ],
  Component: BuyerArea,
};
