import type { Schema } from './structural.js';
import { anyValue, arr, bool, ignored, int, intOrString, map, obj, oneOf, quantity, str } from './structural.js';
import { k8sType } from './k8s-types.js';

const strMap = (d: string): Schema => map(str(), d);

/** kubeSpec.service: the component's Service. */
export function serviceSchema(): Schema {
  return obj(
    {
      type: oneOf(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], 'Service type.'),
      annotations: strMap('Annotations on the Service, e.g. service.beta.kubernetes.io/aws-load-balancer-scheme: internal.'),
      labels: strMap('Extra labels on the Service.'),
      ports: arr(
        obj(
          {
            name: str('Port name (also selects the default port it replaces).'),
            port: int('Service port.', 1, 65535),
            targetPort: intOrString('Container port or its name.'),
            nodePort: int('Node port (NodePort/LoadBalancer).', 1, 65535),
            protocol: oneOf(['TCP', 'UDP', 'SCTP']),
          },
          undefined,
          ['port'],
        ),
        'Ports; an entry whose name matches a default port replaces it, others are added.',
      ),
      loadBalancerIP: str('Requested load-balancer IP (provider dependent).'),
      loadBalancerSourceRanges: arr(str(), 'CIDRs allowed to reach the load balancer.'),
      loadBalancerClass: str('Load-balancer implementation class.'),
      externalTrafficPolicy: oneOf(['Cluster', 'Local']),
    },
    'The Service of this component.',
  );
}

/** kubeSpec.deployment.hpaSpec: TSB's autoscaling v2beta1 shape, v2 targets accepted too. */
export function hpaSchema(): Schema {
  const target = k8sType('V2MetricTarget');
  return obj(
    {
      minReplicas: int('Lower bound of replicas.', 1),
      maxReplicas: int('Upper bound of replicas.', 1),
      metrics: arr(
        obj(
          {
            type: oneOf(['Resource', 'ContainerResource', 'Pods', 'Object', 'External']),
            resource: obj({
              name: str('cpu or memory.'),
              targetAverageUtilization: int('Percent of the request (v2beta1 style).', 1),
              targetAverageValue: quantity('Average value per pod (v2beta1 style).'),
              target,
            }),
            containerResource: k8sType('V2ContainerResourceMetricSource'),
            pods: k8sType('V2PodsMetricSource'),
            object: k8sType('V2ObjectMetricSource'),
            external: k8sType('V2ExternalMetricSource'),
          },
          undefined,
          ['type'],
        ),
        'Metrics; default is 80% average CPU utilization.',
      ),
      behavior: k8sType('V2HorizontalPodAutoscalerBehavior'),
    },
    'Horizontal pod autoscaler; when set the Deployment leaves replicas to it.',
    ['maxReplicas'],
  );
}

/** kubeSpec.deployment: the component's workload (Deployment, DaemonSet or StatefulSet pods). */
export function deploymentSchema(): Schema {
  return obj(
    {
      replicaCount: int('Replicas (ignored when hpaSpec is set).', 0),
      resources: k8sType('V1ResourceRequirements'),
      env: arr(k8sType('V1EnvVar'), 'Extra environment variables; a name already set replaces the default.'),
      affinity: k8sType('V1Affinity'),
      tolerations: arr(k8sType('V1Toleration')),
      nodeSelector: strMap('Node labels the pods must match.'),
      podAnnotations: strMap('Annotations on the pods.'),
      labels: strMap('Extra labels on the workload and its pods.'),
      strategy: k8sType('V1DeploymentStrategy'),
      hpaSpec: hpaSchema(),
      podDisruptionBudget: obj(
        { minAvailable: intOrString(), maxUnavailable: intOrString() },
        'Overrides the default PodDisruptionBudget (maxUnavailable: 1).',
      ),
      podSecurityContext: k8sType('V1PodSecurityContext'),
      containerSecurityContext: k8sType('V1SecurityContext'),
      priorityClassName: str('PriorityClass of the pods.'),
    },
    'The workload of this component.',
  );
}

/** kubeSpec.overlays: Istio-operator K8sObjectOverlay patches applied after rendering. */
export function overlaysSchema(): Schema {
  return arr(
    obj(
      {
        apiVersion: str('apiVersion of the target object (optional).'),
        kind: str('Kind of the target object.'),
        name: str('Name of the target object.'),
        patches: arr(
          obj(
            {
              path: str('Path such as spec.template.spec.containers.[name:web].env[-1].'),
              value: anyValue('Value to set; absent or null removes the path.'),
            },
            undefined,
            ['path'],
          ),
        ),
      },
      undefined,
      ['kind', 'name'],
    ),
    'Patches applied to the rendered objects.',
  );
}

/** The kubeSpec every component accepts. */
export function kubeSpecSchema(extra: Record<string, Schema> = {}): Schema {
  return obj(
    {
      service: serviceSchema(),
      deployment: deploymentSchema(),
      serviceAccount: obj(
        {
          imagePullSecrets: arr(k8sType('V1LocalObjectReference'), 'Pull secrets of the ServiceAccount.'),
          annotations: strMap('Annotations on the ServiceAccount (e.g. eks.amazonaws.com/role-arn).'),
          labels: strMap('Extra labels on the ServiceAccount.'),
        },
        'The ServiceAccount of this component.',
      ),
      overlays: overlaysSchema(),
      job: ignored('meshbridge runs no teamsync CronJob'),
      ...extra,
    },
    'Kubernetes settings of this component.',
  );
}

/** ControlPlane istio.kubeSpec.CNI: the CNI installer DaemonSet. */
export function cniSchema(): Schema {
  return obj(
    {
      chained: bool('Chain after the primary CNI (meshbridge supports chained mode only).'),
      binaryDirectory: str('Host CNI binary directory.', { pattern: '^/' }),
      configurationDirectory: str('Host CNI configuration directory.', { pattern: '^/' }),
      configurationFileName: ignored('the installer finds the primary conflist itself, as kubelet does', 'string'),
      revision: str('Istio revision the CNI installer serves (an enabled xcp.isolationBoundaries revision).'),
      clusterRole: str('Name of the ClusterRole the CNI installer runs with.'),
      cniDaemonsetNamespace: str('Namespace of the CNI DaemonSet (default kube-system).'),
    },
    'Istio CNI; when set, the CNI installer DaemonSet is rendered.',
  );
}
