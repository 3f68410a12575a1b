// Every feature's routes, registered in this order under /api.
import type { Routes } from '../platform/http.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { regionRoutes } from './regions/regions.routes.ts';
import { householdRoutes } from './households/households.routes.ts';

export const featureRoutes: Routes[] = [authRoutes, regionRoutes, householdRoutes];
