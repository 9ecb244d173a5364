import { Alert, Button, CodeBlock, CodeBlockCode, Flex, FlexItem, TextArea, Title } from '@patternfly/react-core';
import { useEffect, useState } from 'react';
import { parse, stringify } from 'yaml';
import { ApiError } from '../api/http.js';
import { getResource, updateResource, type Envelope, type Resource } from '../api/resources.js';
import { useApp } from '../session-context.js';
import { ErrorAlert } from './error-alert.js';

/** The resource as tctl prints it (TSB's envelope), editable when the user may write it. */
export function YamlTab({ resource, canWrite, onSaved }: { resource: Resource; canWrite: boolean; onSaved: (r: Resource) => void }) {
  const { session } = useApp();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => stringify(resource.envelope));
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Resource | null>(null);
  const [saved, setSaved] = useState(false);
  // A change elsewhere refreshes the view, never the text being edited.
  useEffect(() => {
    if (!editing) setText(stringify(resource.envelope));
  }, [resource, editing]);

  const save = async (body: string): Promise<void> => {
    setError(null);
    setSaved(false);
    let env: Envelope;
    try {
      env = parse(body) as Envelope;
    } catch (e) {
      setError(new ApiError(400, 'YAML', `the text is not valid YAML: ${(e as Error).message.split('\n')[0]}`));
      return;
    }
    try {
      const r = await updateResource(session, resource.fqn, env);
      setConflict(null);
      setEditing(false);
      setSaved(true);
      onSaved(r);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'MB1004') {
        setConflict(await getResource(session, resource.fqn));
      }
      setError(e);
    }
  };

  /** Puts the user's edit on top of the newer version: same text, the newer etag. */
  const reapply = async (): Promise<void> => {
    if (!conflict) return;
    const mine = parse(text) as Envelope;
    mine.metadata = { ...mine.metadata, resourceVersion: conflict.etag };
    if (mine.spec && 'etag' in mine.spec) mine.spec = { ...mine.spec, etag: conflict.etag };
    const next = stringify(mine);
    setText(next);
    await save(next);
  };

  const line = lineOfField(text, error instanceof ApiError ? error.field : undefined);
  return (
    <div style={{ paddingTop: 16 }}>
      {saved && <Alert variant="success" isInline title="Saved" />}
      <ErrorAlert error={error} />
      {line !== undefined && <p data-testid="error-line">The field is at line {line + 1} of the YAML below.</p>}
      {conflict && (
        <section aria-label="Conflict" data-testid="conflict" style={{ margin: '12px 0' }}>
          <Alert variant="warning" isInline title="Someone changed this object after you opened it">
            Compare both versions; reapply puts your text on top of the newer version.
          </Alert>
          <Flex style={{ marginTop: 8 }} flexWrap={{ default: 'wrap' }}>
            <FlexItem style={{ flex: '1 1 320px' }}>
              <Title headingLevel="h3" size="md">
                Yours
              </Title>
              <CodeBlock>
                <CodeBlockCode data-testid="conflict-mine">{text}</CodeBlockCode>
              </CodeBlock>
            </FlexItem>
            <FlexItem style={{ flex: '1 1 320px' }}>
              <Title headingLevel="h3" size="md">
                Newer on the server
              </Title>
              <CodeBlock>
                <CodeBlockCode data-testid="conflict-theirs">{stringify(conflict.envelope)}</CodeBlockCode>
              </CodeBlock>
            </FlexItem>
          </Flex>
          <Button variant="primary" onClick={() => void reapply()} style={{ marginTop: 8 }}>
            Reapply my changes on the newer version
          </Button>
        </section>
      )}
      {editing ? (
        <>
          <TextArea
            aria-label="YAML editor"
            value={text}
            onChange={(_e, v) => setText(v)}
            rows={Math.min(40, text.split('\n').length + 4)}
            style={{ fontFamily: 'monospace' }}
            data-testid="yaml-editor"
          />
          <Flex style={{ marginTop: 8 }}>
            <Button variant="primary" onClick={() => void save(text)}>
              Save
            </Button>
            <Button
              variant="link"
              onClick={() => {
                setEditing(false);
                setConflict(null);
                setError(null);
              }}
            >
              Cancel
            </Button>
          </Flex>
        </>
      ) : (
        <>
          <CodeBlock>
            <CodeBlockCode data-testid="yaml-view">{text}</CodeBlockCode>
          </CodeBlock>
          {canWrite && (
            <Button variant="secondary" style={{ marginTop: 8 }} onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
        </>
      )}
    </div>
  );
}

/** The line where the last segment of a field path (`spec.namespaceSelector.names`) appears. */
export function lineOfField(text: string, field: string | undefined): number | undefined {
  if (!field) return undefined;
  const key = field
    .split(/[./[\]]/)
    .filter((s) => s && !/^\d+$/.test(s))
    .pop();
  if (!key) return undefined;
  const i = text.split('\n').findIndex((l) => new RegExp(`^\\s*-?\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(l));
  return i >= 0 ? i : undefined;
}
