import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { listenEnv } from './args';
import { KubeRbacProxySettings } from './checks';
import { NE_DEFAULTS, TLS_CIPHER_SUITES } from './defaults';
import { NodeExporterSettings } from './settings';
import { agentEnv } from '../../core/private/agent-options';
import { noLimitsOf, withResourceDefaults } from '../../core/private/container-defaults';
import type { NodeExporterDaemonSetProps } from '../props';

/**
 * The exporter container. Behind the proxy it serves 127.0.0.1 only: the kubelet (in the node's
 * network namespace) probes it there.
 */
export function exporterContainer(scope: IConstruct, s: NodeExporterSettings, props: NodeExporterDaemonSetProps): kplus.ContainerProps {
  const probePort = s.proxy?.internalPort ?? s.port;
  const probeHost = s.proxy ? '127.0.0.1' : undefined;
  return {
    name: NE_DEFAULTS.containerName,
    image: s.image,
    args: s.args,
    // Behind the proxy, a host port on the node's loopback only (the pod is in the node's network
    // namespace): declared with hostPort so the scheduler knows the pod takes it.
    ports: s.proxy
      ? [{ name: 'http-local', number: s.proxy.internalPort, hostPort: s.proxy.internalPort, hostIp: '127.0.0.1' }]
      : [{ name: 'metrics', number: s.port, hostPort: s.hostNetwork ? s.port : undefined }],
    ...agentEnv(scope, props, listenEnv(s.listen.kind)),
    imagePullPolicy: props.imagePullPolicy,
    resources: withResourceDefaults(props.resources, { cpu: NE_DEFAULTS.cpu, memory: NE_DEFAULTS.memory },
      noLimitsOf(props.relaxations ?? [], NE_DEFAULTS.containerName)),
    // Liveness asks only that the exporter still accepts connections; readiness that it serves
    // HTTP. Distinct probes: a slow page must not get the exporter restarted.
    liveness: kplus.Probe.fromTcpSocket({ port: probePort, host: probeHost, timeoutSeconds: Duration.seconds(5) }),
    readiness: kplus.Probe.fromHttpGet('/', { port: probePort, host: probeHost, timeoutSeconds: Duration.seconds(5) }),
  };
}

/** kube-rbac-proxy: TLS and an authorized token on the node IP, the exporter on 127.0.0.1 behind it. */
export function kubeRbacProxyContainer(port: number, proxy: KubeRbacProxySettings, props: NodeExporterDaemonSetProps): kplus.ContainerProps {
  return {
    name: NE_DEFAULTS.proxyContainerName,
    image: proxy.image,
    args: [
      `--secure-listen-address=[$(HOST_IP)]:${port}`,
      `--upstream=http://127.0.0.1:${proxy.internalPort}/`,
      `--proxy-endpoints-port=${proxy.healthPort}`,
      '--allow-paths=/metrics',
      '--tls-min-version=VersionTLS12',
      `--tls-cipher-suites=${TLS_CIPHER_SUITES.join(',')}`,
    ],
    ports: [
      { name: 'https-metrics', number: port, hostPort: port },
      { name: 'proxy-health', number: proxy.healthPort, hostPort: proxy.healthPort },
    ],
    envVariables: { HOST_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.NODE_IP) },
    imagePullPolicy: props.imagePullPolicy,
    resources: withResourceDefaults(proxy.resources, { cpu: NE_DEFAULTS.proxyCpu, memory: NE_DEFAULTS.proxyMemory },
      noLimitsOf(props.relaxations ?? [], NE_DEFAULTS.proxyContainerName)),
    // Alive while its own /healthz answers; ready while it accepts scrapes (probes that differ,
    // so a slow upstream does not get the proxy restarted).
    liveness: kplus.Probe.fromHttpGet('/healthz', { port: proxy.healthPort, scheme: kplus.ConnectionScheme.HTTPS }),
    readiness: kplus.Probe.fromTcpSocket({ port }),
  };
}
