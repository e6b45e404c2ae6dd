export * from './driver';
export * from './props';
export * from './security-agent';
