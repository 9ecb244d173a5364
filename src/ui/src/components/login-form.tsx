import { ActionGroup, Button, Form, FormGroup, TextInput } from '@patternfly/react-core';
import { useState, type FormEvent } from 'react';
import type { Session } from '../api/http.js';
import { ErrorAlert } from './error-alert.js';

/** Username/password form used by the login page and by the session-expired dialog. */
export function LoginForm({ session, onDone, fixedUser }: { session: Session; onDone: () => void; fixedUser?: string }) {
  const [username, setUsername] = useState(fixedUser ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form onSubmit={(e) => void submit(e)} aria-label="Log in">
      <ErrorAlert error={error} />
      <FormGroup label="Username" isRequired fieldId="login-username">
        <TextInput id="login-username" name="username" value={username} onChange={(_e, v) => setUsername(v)} isRequired autoComplete="username" />
      </FormGroup>
      <FormGroup label="Password" isRequired fieldId="login-password">
        <TextInput
          id="login-password"
          name="password"
          type="password"
          value={password}
          onChange={(_e, v) => setPassword(v)}
          isRequired
          autoComplete="current-password"
        />
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={busy} isDisabled={busy}>
          Log in
        </Button>
      </ActionGroup>
    </Form>
  );
}
