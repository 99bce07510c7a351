import { Route, Routes } from 'react-router-dom';
import type { AreaDefinition } from '../types';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { canCurate } from '../../shell/permissions';
import { CurationQueuePage } from './CurationQueuePage';
import { OperatorDesk } from './OperatorDesk';

function OperatorArea() {
  return (
    <Routes>
      <Route index element={<OperatorDesk />} />
      <Route path="curation" element={<CurationQueuePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const operatorArea: AreaDefinition = {
  persona: 'operator',
  title: 'Operator desk',
  summary: 'the marketplace, its organizations and your operator roles',
  path: '/operator',
  nav: [
    { to: '/operator', label: 'Operator desk', end: true },
    { to: '/operator/curation', label: 'Curation queue', visible: canCurate },
  ],
  Component: OperatorArea,
};
