export * from './agent-options';
export * from './daemon-set';
export * from './update-strategy';
export * from './relaxation';
export * from './validation-plugin';
export * from './monitor-options';
export * from './security-options';
