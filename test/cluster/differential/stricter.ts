/**
 * Where the library refuses what the API server admits, on purpose: each rule with the best
 * practice it enforces and where that is documented. The differential test accepts a library
 * refusal of an input the API server admits only when every problem the library reports comes
 * from one of these rules, and fails when a case marked `stricter` is no longer refused this way.
 */
export interface StricterRule {
  readonly id: string;
  /** Why the library refuses it. */
  readonly reason: string;
  /** Where the rule is documented. */
  readonly documented: string;
  /** Matches a problem (`'<prop>' <problem>...`) this rule reports. */
  readonly matches: RegExp;
}

export const STRICTER: readonly StricterRule[] = [
  {
    id: 'relaxation',
    reason: 'a setting that relaxes a best practice (host namespaces, hostPath, host ports, privileged, privilege escalation, capabilities, root, writable root filesystem, a service account token, a missing cpu or memory limit, an image pinned by tag that is not pulled on every start) needs a Relaxation with its reason, and a relaxation must be used',
    documented: 'README, "Relaxations: explicit, with a reason, visible in the manifest"',
    matches: /relaxes a best practice without a reason|writable without a reason|adds capabilities without a reason|which the pod does not use/,
  },
  {
    id: 'hardened-container',
    reason: 'containers that are not privileged drop ALL capabilities and run with seccomp RuntimeDefault or Localhost, and no container runs as uid 0 when runAsNonRoot is set (the kubelet would refuse to start it)',
    documented: 'README, "What you get by default" (containers)',
    matches: /does not drop ALL capabilities|is not RuntimeDefault or Localhost|is 0 \(root\) while runAsNonRoot is true/,
  },
  {
    id: 'agent-resources',
    reason: 'every container has cpu and memory requests (the library fills them in unless a patch removes them); a missing limit is the relaxation rule\'s',
    documented: 'README, "What you get by default" (resources)',
    matches: /resources\.(requests|limits)\.(cpu|memory)' is missing/,
  },
  {
    id: 'pinned-image',
    reason: 'an image without a tag, or tagged latest, may differ on every node and change with any restart; a digest must be sha256 with 64 hex digits',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /\.image' (is not pinned|has a digest that is not sha256|is not an image reference)/,
  },
  {
    id: 'pull-policy-by-pin',
    reason: 'an image pinned by a tag (which the registry can move) is pulled on every start unless a Relaxation.imagePullPolicy gives the reason; IfNotPresent is for a digest',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /does not pull an image pinned by a tag on every start/,
  },
  {
    id: 'created-host-path-written-by-root',
    reason: 'a DirectoryOrCreate or FileOrCreate host path mounted writable by a container that is not uid 0: the kubelet creates it owned by root, so the agent cannot write it',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /which the kubelet creates when missing owned by root/,
  },
  {
    id: 'host-port-once',
    reason: 'a host port (protocol/port) bound twice on a node by one pod, including hostNetwork container ports and overlapping host IPs: the second bind fails at runtime',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /of the same pod already binds/,
  },
  {
    id: 'no-surge-with-host-ports',
    reason: 'a surge pod can never bind the host ports the old pod holds on the same node, so the rollout hangs (kubernetes#106417)',
    documented: 'README, "What you get by default" (update strategy) and "Validation"',
    matches: /while the pod binds host port/,
  },
  {
    id: 'no-surge-with-written-host-paths',
    reason: 'a surge pod runs next to the old one on the same node, and a host path the pod writes is the old pod\'s own (a locked database, a position file, a socket, a watched configuration file): the surge pod crash-loops on the lock (the rollout hangs) or duplicates its work; Relaxation.sharedWritableHostPath declares a path two pods may write',
    documented: 'README, "What you get by default" (update strategy) and "Relaxations"',
    matches: /while the pod writes host path/,
  },
  {
    id: 'host-ip-without-host-port',
    reason: 'a container port\'s hostIP without a hostPort does nothing, and the API server warns \'hostIP set without hostPort\'',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /is set without a hostPort/,
  },
  {
    id: 'absolute-host-path',
    reason: 'a relative hostPath is resolved against the kubelet\'s working directory, never what the agent means',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /hostPath\.path' is not an absolute path|'relaxations' names a host path that is not absolute/,
  },
  {
    id: 'image-of-spaces',
    reason: 'an image of only spaces is admitted in a template (a historical special case) but no pod can start with it',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /\.image' is required/,
  },
  {
    id: 'sys-admin-without-escalation',
    reason: 'SYS_ADMIN with allowPrivilegeEscalation: false: the API server rejects the pair only when spelled CAP_SYS_ADMIN; runtimes accept both spellings for the same capability',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /is false while adding SYS_ADMIN/,
  },
  {
    id: 'on-delete-rolling-update',
    reason: 'rollingUpdate settings with the OnDelete strategy are ignored, so they are a mistake',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /'updateStrategy\.rollingUpdate' is set with type OnDelete/,
  },
  {
    id: 'negative-grace-period',
    reason: 'the API server warns that a negative terminationGracePeriodSeconds is invalid and treats it as 1',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /'terminationGracePeriodSeconds' must be a whole number >= 0/,
  },
  {
    id: 'probe-port-declared',
    reason: 'a probe or hook that names a port the container does not declare always fails: the kubelet cannot resolve the name',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /names a port the container does not declare/,
  },
  {
    id: 'dropped-by-api-server',
    reason: 'a container restartPolicy on a regular container, or other than Always on an init container: the API server drops it without a word (container restart rules are an alpha feature), so the pod would not do what the manifest says',
    documented: 'README, "Validation" (beyond the API server)',
    matches: /the API server drops/,
  },
  {
    id: 'cdk8s-plus-limit',
    reason: 'what cdk8s-plus-28 cannot serialize through its typed API: more than 6 DNS search domains (the API server allows 32), memory not in whole MiB, ephemeral storage not in whole GiB; a JSON patch can set them',
    documented: 'README, "Validation" (cdk8s-plus limits)',
    matches: /which cdk8s-plus-28 cannot serialize/,
  },
  {
    id: 'patch-key-dropped',
    reason: 'a JSON patch key that cdk8s-plus would drop without a word (a Kubernetes-cased key such as hostPID, a plain string where cdk8s-plus keeps { value }, a field its Kubernetes 1.28 types lack) fails synth naming the key to use, instead of a manifest without it',
    documented: 'README, "Validation" (JSON patches)',
    matches: /is dropped by cdk8s-plus/,
  },
];
