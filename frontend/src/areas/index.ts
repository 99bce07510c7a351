// The persona areas, in nav order. Each area folder owns its pages and nested routes.

import type { Persona } from '../shell/personas';
import { buyerArea } from './buyer';
import { distributorArea } from './distributor';
import { operatorArea } from './operator';
import { sellerArea } from './seller';
import type { AreaDefinition } from './types';

export const AREAS: Record<Persona, AreaDefinition> = {
  operator: operatorArea,
  seller: sellerArea,
  buyer: buyerArea,
  distributor: distributorArea,
};

export type { AreaDefinition, AreaNavItem } from './types';
