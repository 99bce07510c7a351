import { Route, Routes } from 'react-router-dom';
import type { AreaDefinition } from '../types';
import { OperatorDesk } from './OperatorDesk';
import { NotFoundPage } from '../../pages/NotFoundPage';

function OperatorArea() {
  return (
    <Routes>
      <Route index element={<OperatorDesk />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const operatorArea: AreaDefinition = {
  persona: 'operator',
  title: 'Operator desk',
  summary: 'the marketplace, its organizations and your operator roles',
  path: '/operator',
  nav: [{ to: '/operator', label: 'Operator desk', end: true }],
  Component: OperatorArea,
};
