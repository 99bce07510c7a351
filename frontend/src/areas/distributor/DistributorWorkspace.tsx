import { PersonaWorkspace } from '../../components/PersonaWorkspace';

export function DistributorWorkspace() {
  return <PersonaWorkspace persona="distributor" title="Distributor workspace" />;
}
