export * from './cni';
export * from './config';
export * from './privilege';
export * from './rbac';
