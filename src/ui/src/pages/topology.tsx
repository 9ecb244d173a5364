import {
  DagreLayout,
  GRAPH_LAYOUT_END_EVENT,
  LEFT_TO_RIGHT,
  type ComponentFactory,
  DefaultEdge,
  DefaultGroup,
  DefaultNode,
  GraphComponent,
  type LayoutFactory,
  type Model,
  ModelKind,
  NodeShape,
  NodeStatus,
  SELECTION_EVENT,
  Visualization,
  VisualizationProvider,
  VisualizationSurface,
  withPanZoom,
  withSelection,
  type GraphElement,
  type Node,
} from '@patternfly/react-topology';
import { PageSection, Spinner, Title } from '@patternfly/react-core';
import { useEffect, useMemo, useState, type ComponentType } from 'react';
import { loadTopology } from '../api/topology-data.js';
import { buildTopology, type Topology } from '../api/topology-model.js';
import { ErrorAlert } from '../components/error-alert.js';
import { StatusLabel } from '../components/status-label.js';
import { objectHref } from '../route.js';
import { useApp } from '../session-context.js';

const STATUS: Record<string, NodeStatus> = { READY: NodeStatus.success, FAILED: NodeStatus.danger, PARTIAL: NodeStatus.warning, MISSING: NodeStatus.danger };

function LabelledNode(props: { element: GraphElement } & Record<string, unknown>) {
  const node = props.element as Node;
  return (
    <DefaultNode
      {...props}
      element={node}
      showLabel
      nodeStatus={(node.getData() as { status?: NodeStatus } | undefined)?.status ?? NodeStatus.default}
      showStatusBackground
    />
  );
}

// Dagre: a static left-to-right layout (tier-1 → ingress → services), the same on every load.
const layoutFactory: LayoutFactory = (_type, graph) => new DagreLayout(graph, { rankdir: LEFT_TO_RIGHT, nodesep: 40, ranksep: 120 });
const componentFactory: ComponentFactory = (kind, type) => {
  if (type === 'group') return DefaultGroup as ComponentType<{ element: GraphElement }>;
  if (kind === ModelKind.graph) return withPanZoom()(GraphComponent) as ComponentType<{ element: GraphElement }>;
  if (kind === ModelKind.node) return withSelection()(LabelledNode as never) as ComponentType<{ element: GraphElement }>;
  if (kind === ModelKind.edge) return DefaultEdge as ComponentType<{ element: GraphElement }>;
  return undefined;
};

function toModel(t: Topology): Model {
  const clusters = t.nodes.filter((n) => n.kind === 'cluster');
  const members = t.nodes.filter((n) => n.kind !== 'cluster');
  return {
    graph: { id: 'mesh', type: 'graph', layout: 'Dagre' },
    nodes: [
      ...members.map((n) => ({
        id: n.id,
        type: 'node',
        label: n.label,
        width: 60,
        height: 60,
        shape: n.kind === 'gateway' ? NodeShape.hexagon : NodeShape.ellipse,
        data: { status: STATUS[n.status] ?? NodeStatus.default, fqn: n.fqn },
      })),
      ...clusters.map((c) => ({
        id: c.id,
        type: 'group',
        group: true,
        label: `cluster ${c.label}`,
        children: members.filter((m) => m.cluster === c.cluster).map((m) => m.id),
        style: { padding: 40 },
        data: { fqn: c.fqn },
      })),
    ],
    edges: t.edges.map((e) => ({ id: e.id, type: 'edge', source: e.source, target: e.target })),
  };
}

/** Clusters, their gateways and the services they route to, coloured by status; click to open. */
export function TopologyPage() {
  const { session, me, revision } = useApp();
  const [topo, setTopo] = useState<Topology | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [laidOut, setLaidOut] = useState(false);
  useEffect(() => {
    let live = true;
    loadTopology(session, me.organization).then(
      (d) => live && setTopo(buildTopology(d.clusters, d.gateways)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [session, me.organization, revision]);
  const controller = useMemo(() => {
    const v = new Visualization();
    v.registerLayoutFactory(layoutFactory);
    v.registerComponentFactory(componentFactory);
    v.addEventListener(SELECTION_EVENT, (ids: string[]) => {
      const el = ids[0] ? v.getElementById(ids[0]) : undefined;
      const fqn = (el?.getData() as { fqn?: string } | undefined)?.fqn;
      if (fqn) location.hash = objectHref(fqn);
    });
    v.addEventListener(GRAPH_LAYOUT_END_EVENT, () => {
      v.getGraph().fit(40);
      setLaidOut(true);
    });
    return v;
  }, []);
  useEffect(() => {
    if (topo) controller.fromModel(toModel(topo), false);
  }, [controller, topo]);
  const label = (id: string): string => topo?.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <PageSection>
      <Title headingLevel="h1">Topology</Title>
      <ErrorAlert error={error} />
      {!topo && !error && <Spinner aria-label="Loading topology" />}
      {topo && (
        <>
          <div
            style={{ height: 480, border: '1px solid var(--pf-t--global--border--color--default, #ccc)', margin: '16px 0' }}
            data-layout={laidOut ? 'done' : 'pending'}
            role="img"
            aria-label={`Graph of ${topo.nodes.length} nodes and ${topo.edges.length} connections`}
          >
            <VisualizationProvider controller={controller}>
              <VisualizationSurface />
            </VisualizationProvider>
          </div>
          <Title headingLevel="h2" size="lg">
            Nodes
          </Title>
          <ul aria-label="Topology nodes" data-testid="topology-nodes">
            {topo.nodes.map((n) => (
              <li key={n.id} data-kind={n.kind} data-id={n.id}>
                {n.kind} {n.fqn ? <a href={objectHref(n.fqn)}>{n.label}</a> : n.label} {n.kind !== 'cluster' && <>in {n.cluster} </>}
                <StatusLabel status={n.status} />
              </li>
            ))}
          </ul>
          <Title headingLevel="h2" size="lg">
            Connections
          </Title>
          <ul aria-label="Topology connections" data-testid="topology-edges">
            {topo.edges.map((e) => (
              <li key={e.id}>
                {label(e.source)} → {label(e.target)} <small>{e.label}</small>
              </li>
            ))}
          </ul>
        </>
      )}
    </PageSection>
  );
}
