import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { OnboardingPage } from '../../pages/OnboardingPage';
import { canReadProducts, consigneeOrgs, onboardingOrgs } from '../../shell/permissions';
import type { AreaDefinition } from '../types';
import { BuyerWorkspace } from './BuyerWorkspace';
import { EditConsigneePage, NewConsigneePage } from './ConsigneeForm';
import { ConsigneesPage } from './ConsigneesPage';

function BuyerArea() {
  return (
    <Routes>
      <Route index element={<BuyerWorkspace />} />
      <Route path="consignees" element={<ConsigneesPage />} />
      <Route path="consignees/new" element={<NewConsigneePage />} />
      <Route path="consignees/:id/edit" element={<EditConsigneePage />} />
      <Route path="onboarding" element={<OnboardingPage persona="buyer" />} />
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
    { to: '/buyer/consignees', label: 'Consignees', visible: (me) => consigneeOrgs(me).length > 0 },
    { to: '/buyer/onboarding', label: 'Onboarding', visible: (me) => onboardingOrgs(me).some((o) => o.kind === 'buyer') },
  ],
  Component: BuyerArea,
};
