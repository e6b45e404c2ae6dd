export * from './daemon-set';
export * from './update-strategy';
export * from './relaxation';
export * from './cni';
export * from './cni-config';
export * from './cni-privilege';
export * from './cni-rbac';
