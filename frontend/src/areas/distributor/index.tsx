import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import type { AreaDefinition } from '../types';
import { DistributorWorkspace } from './DistributorWorkspace';

function DistributorArea() {
  return (
    <Routes>
      <Route index element={<DistributorWorkspace />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const distributorArea: AreaDefinition = {
  persona: 'distributor',
  title: 'Distributor workspace',
  summary: 'your distributor companies and what each role lets you do',
  path: '/distributor',
  nav: [{ to: '/distributor', label: 'Distributor workspace', end: true }],
  Component: DistributorArea,
};
