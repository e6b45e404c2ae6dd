export * from './pod-security-level';
export * from './types';
export * from './fleet-report';
export * from './pod-security-namespace';
