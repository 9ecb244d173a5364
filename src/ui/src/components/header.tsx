import { Button, ClipboardCopy, Flex, FlexItem } from '@patternfly/react-core';
import { useApp } from '../session-context.js';

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <FlexItem>
      <span style={{ color: 'var(--pf-t--global--text--color--inverse, #fff)', marginRight: 4 }}>{label}</span>
      <ClipboardCopy isReadOnly variant="inline-compact" hoverTip={`Copy ${label.toLowerCase()}`} clickTip="Copied" data-testid={`header-${label.toLowerCase()}`}>
        {value}
      </ClipboardCopy>
    </FlexItem>
  );
}

/** Organization, tenant in view and user — each copyable, as the FAQ tells users to read them here. */
export function Header({ onLogout }: { onLogout: () => void }) {
  const { me, tenant } = useApp();
  return (
    <Flex alignItems={{ default: 'alignItemsCenter' }} flexWrap={{ default: 'wrap' }} gap={{ default: 'gapMd' }} style={{ width: '100%', justifyContent: 'flex-end' }}>
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
