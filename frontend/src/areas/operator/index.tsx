import { Route, Routes } from 'react-router-dom';
import type { AreaDefinition } from '../types';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { canCurate, canSeeAllDistributorLinks } from '../../shell/permissions';
import { CurationQueuePage } from './CurationQueuePage';
import { DistributorLinksPage } from './DistributorLinksPage';
import { OperatorDesk } from './OperatorDesk';

function OperatorArea() {
  return (
    <Routes>
      <Route index element={<OperatorDesk />} />
      <Route path="curation" element={<CurationQueuePage />} />
      <Route path="distributor-links" element={<DistributorLinksPage />} />
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
    { to: '/operator/distributor-links', label: 'Distributor links', visible: canSeeAllDistributorLinks },
  ],
  Component: OperatorArea,
};
