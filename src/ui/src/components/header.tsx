import { Button, Flex, FlexItem, Tooltip } from '@patternfly/react-core';
import CopyIcon from '@patternfly/react-icons/dist/esm/icons/copy-icon';
import { useState } from 'react';
import { useApp } from '../session-context.js';

function Copyable({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const id = `header-${label.toLowerCase()}`;
  return (
    <FlexItem>
      <span>{label}: </span>
      <strong data-testid={id}>{value}</strong>
      <Tooltip content={copied ? 'Copied' : `Copy ${label.toLowerCase()}`}>
        <Button
          variant="plain"
          aria-label={`Copy ${label.toLowerCase()} ${value}`}
          icon={<CopyIcon />}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        />
      </Tooltip>
    </FlexItem>
  );
}

/** Organization, tenant in view and user — each copyable, as the FAQ tells users to read them here. */
export function Header({ onLogout }: { onLogout: () => void }) {
  const { me, tenant } = useApp();
  return (
    <Flex
      alignItems={{ default: 'alignItemsCenter' }}
      flexWrap={{ default: 'wrap' }}
      gap={{ default: 'gapSm' }}
      style={{ width: '100%', justifyContent: 'flex-end' }}
    >
      <Copyable label="Organization" value={me.organization} />
      <Copyable label="Tenant" value={tenant ?? '—'} />
      <Copyable label="User" value={me.username || me.subject} />
      <FlexItem>
        <Button variant="secondary" onClick={onLogout}>
          Log out
        </Button>
      </FlexItem>
    </Flex>
  );
}
