import { Alert } from '@patternfly/react-core';
import { ApiError } from '../api/http.js';

/** Shows an error as the server said it: message, code, the field at fault and the fix. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert variant="danger" isInline title={title ?? (e ? `${e.code}: ${message}` : message)} data-testid="error">
      {e?.field && (
        <p>
          Field: <code>{e.field}</code>
        </p>
      )}
      {e?.fix && <p>{e.fix}</p>}
      {title && e && (
        <p>
          {e.code}: {message}
        </p>
      )}
    </Alert>
  );
}
