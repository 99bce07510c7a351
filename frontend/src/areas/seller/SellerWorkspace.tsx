import { PersonaWorkspace } from '../../components/PersonaWorkspace';

export function SellerWorkspace() {
  return <PersonaWorkspace persona="seller" title="Seller workspace" />;
}
