export * from './output';
export * from './agent';
export * from './log-collector';
