import { Region } from './modules/region/region.entity';
import { Household } from './modules/registry/household.entity';
import { Laborer } from './modules/registry/laborer.entity';

/** Every entity of the hub; modules add theirs here. */
export const entities = [Region, Household, Laborer];
