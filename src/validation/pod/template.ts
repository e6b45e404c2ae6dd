import { validateContainers } from './containers';
import { validateDns } from './dns';
import { validatePodHostNetworkDeps } from './ports';
import { validateResources } from './resources';
import { validateScheduling, validateTolerations } from './scheduling';
import { validateOsSpecificFields, validatePodSecurityContext } from './security-context';
import { validateVolumes } from './volumes';
import { checkFormat, Err, isInteger, list, notSupported } from '../field';
import { validateAnnotations, validateLabels } from '../meta/object-meta';
import { checkDnsLabel } from '../names';

/**
 * The pod template, as k8s.io/kubernetes pkg/apis/core/validation v1.34 `ValidatePodTemplateSpec`
 * checks it: its labels and annotations (with `ValidatePodSpecificAnnotations`: the tolerations,
 * deletion-cost, seccomp and AppArmor annotations, and `validateSeccompAnnotationsAndFields`,
 * `validateAppArmorAnnotationsAndFieldsMatchOnCreate`), no ephemeral containers, and
 * `ValidatePodSpec`, which calls each rule family of this folder.
 */

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

/** `ValidatePodTemplateSpec`. */
export function validatePodTemplateSpec(err: Err, template: any): void {
  const metadata = template.metadata ?? {};
  const pod = template.spec ?? {};
  validateLabels(err, 'podMetadata.labels', metadata.labels);
  validateAnnotations(err, 'podMetadata.annotations', metadata.annotations);
  validatePodSpecificAnnotations(err, metadata.annotations ?? {}, pod);
  validatePodSpec(err, pod);
  if (list(pod.ephemeralContainers).length > 0) {
    err('ephemeralContainers', 'are not allowed in a pod template', pod.ephemeralContainers.map((c: any) => c?.name), 'none',
      'remove them: ephemeral containers are added to running pods with kubectl debug');
  }
}

/** `ValidatePodSpec`: every rule family, and the pod fields of no family. */
function validatePodSpec(err: Err, pod: any): void {
  const volumes = validateVolumes(err, pod);
  validateContainers(err, pod, volumes);
  validatePodHostNetworkDeps(err, pod);
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== '' && !RESTART_POLICIES.includes(pod.restartPolicy)) {
    notSupported(err, 'restartPolicy', pod.restartPolicy, RESTART_POLICIES, 'remove restartPolicy or set it to RestartPolicy.ALWAYS');
  }
  validateDns(err, pod);
  validatePodSecurityContext(err, pod);
  validateScheduling(err, pod);
  validateOsSpecificFields(err, pod);
  validateResourceClaims(err, pod);
  if (pod.overhead !== undefined && pod.overhead !== null) {
    validateResources(err, 'overhead', { limits: pod.overhead }, pod);
  }
  // The API server only warns about a negative grace period ("will be treated as 1"): the library refuses it.
  const grace = pod.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null && !(isInteger(grace) && grace >= 0)) {
    err('terminationGracePeriodSeconds', 'must be a whole number >= 0 (the API server treats a negative one as 1)', grace, 'an integer >= 0',
      'use terminationGracePeriod: Duration.seconds(n) with n >= 0');
  }
}

/** `validatePodResourceClaims` (the Kubernetes 1.31+ shape). */
function validateResourceClaims(err: Err, pod: any): void {
  const names = new Set<string>();
  list(pod.resourceClaims).forEach((claim, i) => {
    const prop = `resourceClaims[${i}]`;
    checkFormat(err, `${prop}.name`, claim?.name, checkDnsLabel, 'is not a valid name', 'name the claim with a DNS-1123 label');
    if (names.has(claim?.name)) {
      err(`${prop}.name`, 'is used twice', claim.name, 'unique claim names', 'give each claim its own name');
    }
    names.add(claim?.name);
    const sources = ['resourceClaimName', 'resourceClaimTemplateName'].filter(s => claim?.[s]);
    if (sources.length !== 1) {
      err(prop, 'must name exactly one of resourceClaimName and resourceClaimTemplateName', sources, 'one source', 'set one of the two');
    }
  });
}

/** `ValidatePodSpecificAnnotations` and the checks that annotations and fields agree. */
function validatePodSpecificAnnotations(err: Err, annotations: Record<string, unknown>, pod: any): void {
  const prop = (key: string) => `podMetadata.annotations.${key}`;
  if (annotations[MIRROR_ANNOTATION] !== undefined && !pod.nodeName) {
    err(prop(MIRROR_ANNOTATION), 'is only set by the kubelet on mirror pods', annotations[MIRROR_ANNOTATION], 'no mirror pod annotation', 'remove the annotation');
  }
  const tolerations = annotations[TOLERATIONS_ANNOTATION];
  if (typeof tolerations === 'string' && tolerations !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(tolerations);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) {
      err(prop(TOLERATIONS_ANNOTATION), 'is not a JSON list of tolerations', tolerations, 'a JSON list of tolerations', 'use tolerations (scheduling.tolerate()) instead of the annotation');
    } else {
      validateTolerations(err, prop(TOLERATIONS_ANNOTATION), parsed);
    }
  }
  const cost = annotations[DELETION_COST_ANNOTATION];
  // `GetDeletionCostFromPodAnnotations`: no '+', no leading zeros (but after a '-'), 32 bits.
  if (cost !== undefined && !(typeof cost === 'string' && /^(-[0-9]+|0|[1-9][0-9]*)$/.test(cost) && Number(cost) >= -(2 ** 31) && Number(cost) <= 2 ** 31 - 1)) {
    err(prop(DELETION_COST_ANNOTATION), 'is not a 32-bit integer', cost, 'an integer from -2147483648 to 2147483647, without \'+\' or leading zeros', 'write the cost as a plain integer');
  }
  const sc = pod.securityContext ?? {};
  const containers = [...list(pod.containers), ...list(pod.initContainers)];
  for (const [key, value] of Object.entries(annotations)) {
    if (key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_PREFIX)) {
      const problem = seccompAnnotationProblem(value);
      if (problem) {
        err(prop(key), 'is not a seccomp profile', value, problem, 'use securityContext.seccompProfile instead of the annotation');
      }
      const container = containers.find(c => c?.name === key.slice(SECCOMP_CONTAINER_PREFIX.length));
      const field = key === SECCOMP_POD_ANNOTATION ? sc.seccompProfile : container?.securityContext?.seccompProfile;
      if (field && !problem && !seccompMatches(String(value), field)) {
        err(prop(key), 'disagrees with the seccompProfile field', value, `the type and profile of the field (${field.type}${field.localhostProfile ? ` ${field.localhostProfile}` : ''})`,
          'remove the deprecated annotation: the seccompProfile field is what counts');
      }
    }
    if (key.startsWith(APPARMOR_CONTAINER_PREFIX)) {
      const name = key.slice(APPARMOR_CONTAINER_PREFIX.length);
      if (!containers.some(c => c?.name === name)) {
        err(prop(key), 'names a container the pod does not have', name, containers.map(c => c?.name).join(', '), 'use the name of one of the pod\'s containers');
      }
      const profile = String(value);
      if (!(profile === '' || profile === 'runtime/default' || profile === 'unconfined' || profile.startsWith('localhost/'))) {
        err(prop(key), 'is not an AppArmor profile', value, 'runtime/default, unconfined or localhost/<profile>', 'use one of the allowed profiles');
      }
    }
  }
}

/** `ValidateSeccompProfile` of an annotation value. */
function seccompAnnotationProblem(value: unknown): string | undefined {
  const allowed = 'runtime/default, docker/default, unconfined, or localhost/<relative path>';
  if (typeof value !== 'string') {
    return allowed;
  }
  if (['runtime/default', 'docker/default', 'unconfined'].includes(value)) {
    return undefined;
  }
  if (value.startsWith('localhost/')) {
    const path = value.slice('localhost/'.length);
    return path.startsWith('/') || path.split('/').includes('..') ? allowed : undefined;
  }
  return allowed;
}

/** `validateSeccompAnnotationsAndFieldsMatch`. */
function seccompMatches(annotation: string, field: any): boolean {
  switch (field.type) {
    case 'Unconfined': return annotation === 'unconfined';
    case 'RuntimeDefault': return annotation === 'runtime/default' || annotation === 'docker/default';
    case 'Localhost': return annotation.startsWith('localhost/') && annotation.slice('localhost/'.length) === field.localhostProfile;
    default: return true;
  }
}
