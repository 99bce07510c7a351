import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { OnboardingPage } from '../../pages/OnboardingPage';
import { distributorOrgs, onboardingOrgs } from '../../shell/permissions';
import type { AreaDefinition } from '../types';
import { DistributorWorkspace } from './DistributorWorkspace';
import { HubsPage } from './HubsPage';
import { LinksPage } from './LinksPage';

function DistributorArea() {
  return (
    <Routes>
      <Route index element={<DistributorWorkspace />} />
      <Route path="hubs" element={<HubsPage />} />
      <Route path="links" element={<LinksPage />} />
      <Route path="onboarding" element={<OnboardingPage persona="distributor" />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const distributorArea: AreaDefinition = {
  persona: 'distributor',
  title: 'Distributor workspace',
  summary: 'your distributor companies and what each role lets you do',
  path: '/distributor',
  nav: [
    { to: '/distributor', label: 'Distributor workspace', end: true },
    { to: '/distributor/hubs', label: 'Hubs and regions', visible: (me) => distributorOrgs(me).length > 0 },
    { to: '/distributor/links', label: 'Linked parties', visible: (me) => distributorOrgs(me).length > 0 },
    { to: '/distributor/onboarding', label: 'Onboarding', visible: (me) => onboardingOrgs(me).some((o) => o.kind === 'distributor') },
  ],
  Component: DistributorArea,
};
