export * from './output';
export * from './agent';
export * from './container-runtime';
export * from './host-mount';
export * from './props';
export * from './log-collector';
export * from './output-auth';
export * from './pipeline-options';
