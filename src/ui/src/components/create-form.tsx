import { ActionGroup, Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, TextArea, TextInput } from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import { parse } from 'yaml';
import type { KindInfo } from '../../../api/index.js';
import { createResource } from '../api/resources.js';
import { objectHref } from '../route.js';
import { useApp } from '../session-context.js';
import { ErrorAlert } from './error-alert.js';

/** Creates a child resource: name and display name, namespaces for a workspace, any spec as YAML. */
export function CreateForm({ parentFqn, kind, onClose }: { parentFqn: string; kind: KindInfo; onClose: () => void }) {
  const { session } = useApp();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [namespaces, setNamespaces] = useState('');
  const [specYaml, setSpecYaml] = useState('');
  const [error, setError] = useState<unknown>(null);
  const needsNamespaces = kind.kind === 'Workspace' || kind.kind === 'Group';
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const extra = specYaml.trim() ? (parse(specYaml) as Record<string, unknown>) : {};
      const spec: Record<string, unknown> = { ...extra };
      if (displayName) spec.displayName = displayName;
      if (needsNamespaces && namespaces.trim()) {
        spec.namespaceSelector = { names: namespaces.split(/[\s,]+/).filter(Boolean) };
      }
      const created = await createResource(session, parentFqn, kind, name, spec);
      onClose();
      location.hash = objectHref(created.fqn);
    } catch (err) {
      setError(err);
    }
  };
  const id = `create-${kind.collection}`;
  return (
    <Form onSubmit={(e) => void submit(e)} aria-label={`Create ${kind.kind}`} style={{ margin: '12px 0', maxWidth: 640 }}>
      <ErrorAlert error={error} />
      <FormGroup label="Name" isRequired fieldId={`${id}-name`}>
        <TextInput id={`${id}-name`} value={name} onChange={(_e, v) => setName(v)} isRequired />
      </FormGroup>
      <FormGroup label="Display name" fieldId={`${id}-display`}>
        <TextInput id={`${id}-display`} value={displayName} onChange={(_e, v) => setDisplayName(v)} />
      </FormGroup>
      {needsNamespaces && (
        <FormGroup label="Namespaces" fieldId={`${id}-ns`}>
          <TextInput id={`${id}-ns`} value={namespaces} onChange={(_e, v) => setNamespaces(v)} placeholder="*/shop, c1/payments" />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>cluster/namespace selectors, comma-separated; * matches any cluster.</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      )}
      <FormGroup label="Other spec fields (YAML)" fieldId={`${id}-spec`}>
        <TextArea id={`${id}-spec`} value={specYaml} onChange={(_e, v) => setSpecYaml(v)} rows={4} style={{ fontFamily: 'monospace' }} />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary">
          Create
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ActionGroup>
    </Form>
  );
}
