export * from './device-nodes';
export * from './props';
export * from './device-plugin';
