import type { ComponentType } from 'react';
import type { Me } from '../api/types';
import type { Persona } from '../shell/personas';

export interface AreaNavItem {
  to: string;
  label: string;
  end?: boolean;
  /** Shown only when this holds for the signed-in user (roles, marketplace model). */
  visible?: (me: Me) => boolean;
}

/** A persona's slice of the back office: where it lives, its nav entries, its routes. */
export interface AreaDefinition {
  persona: Persona;
  title: string;
  summary: string;
  /** Mount path; the area's component renders nested <Routes> below it. */
  path: string;
  nav: AreaNavItem[];
  Component: ComponentType;
}
