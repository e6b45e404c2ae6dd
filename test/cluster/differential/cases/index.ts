import { cases as containers } from './containers';
import { cases as dns } from './dns';
import { cases as env } from './env';
import { cases as initContainers } from './init-containers';
import { cases as metadata } from './metadata';
import { cases as names } from './names';
import { cases as patches } from './patches';
import { cases as ports } from './ports';
import { cases as probes } from './probes';
import { cases as resources } from './resources';
import { cases as scheduling } from './scheduling';
import { cases as securityContext } from './security-context';
import { cases as selector } from './selector';
import { cases as updateStrategy } from './update-strategy';
import { cases as volumes } from './volumes';
import type { Case } from '../case';

/** Every hand-written case, by rule family. */
export const CASES: readonly Case[] = [
  ...metadata, ...names, ...selector, ...updateStrategy, ...containers, ...initContainers, ...ports, ...env, ...probes,
  ...volumes, ...dns, ...scheduling, ...securityContext, ...resources, ...patches,
];
