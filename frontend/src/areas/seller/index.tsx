import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../pages/NotFoundPage';
import { OnboardingPage } from '../../pages/OnboardingPage';
import { onboardingOrgs, seesCurationStatus } from '../../shell/permissions';
import { membershipsFor } from '../../shell/personas';
import type { AreaDefinition } from '../types';
import { MyProductsPage } from './MyProductsPage';
import { EditProductPage, NewProductPage } from './ProductEditorPage';
import { SellerWorkspace } from './SellerWorkspace';

function SellerArea() {
  return (
    <Routes>
      <Route index element={<SellerWorkspace />} />
      <Route path="products" element={<MyProductsPage />} />
      <Route path="products/new" element={<NewProductPage />} />
      <Route path="products/:id/edit" element={<EditProductPage />} />
      <Route path="onboarding" element={<OnboardingPage persona="seller" />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

export const sellerArea: AreaDefinition = {
  persona: 'seller',
  title: 'Seller workspace',
  summary: 'your seller companies, your products and what each role lets you do',
  path: '/seller',
  nav: [
    { to: '/seller', label: 'Seller workspace', end: true },
    {
      to: '/seller/products',
      label: 'My products',
      visible: (me) => seesCurationStatus(me) && membershipsFor(me, 'seller').some((o) => o.kind === 'seller'),
    },
    { to: '/seller/onboarding', label: 'Onboarding', visible: (me) => onboardingOrgs(me).some((o) => o.kind === 'seller') },
  ],
  Component: SellerArea,
};
