import type { Persona } from '../shell/personas';

export function OnboardingPage({ persona }: { persona: Persona }) {
  return <div>{persona}</div>;
}
