export * from './agent-options';
export * from './daemon-set';
export * from './update-strategy';
export * from './relaxation';
export * from './validation-plugin';
