import { PersonaWorkspace } from '../../components/PersonaWorkspace';

export function BuyerWorkspace() {
  return <PersonaWorkspace persona="buyer" title="Buyer workspace" />;
}
