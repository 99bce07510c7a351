import { Route, Routes } from 'react-router-dom';
import type { AreaDefinition } from '../types';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { canCurate, canReadChecks, canScreenNames, canSeeAllDistributorLinks } from '../../shell/permissions';
import { CurationQueuePage } from './CurationQueuePage';
import { DistributorLinksPage } from './DistributorLinksPage';
import { OperatorDesk } from './OperatorDesk';
import { ReviewQueuePage } from './ReviewQueuePage';
import { ScreenNamePage } from './ScreenNamePage';

function OperatorArea() {
  return (
    <Routes>
      <Route index element={<OperatorDesk />} />
      <Route path="curation" element={<CurationQueuePage />} />
      <Route path="distributor-links" element={<DistributorLinksPage />} />
      <Route path="review" element={<ReviewQueuePage />} />
      <Route path="screen" element={<ScreenNamePage />} />
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
    { to: '/operator/review', label: 'Review queue', visible: canReadChecks },
    { to: '/operator/screen', label: 'Screen a name', visible: canScreenNames },
  ],
  Component: OperatorArea,
};
