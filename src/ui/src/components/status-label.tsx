import { Label } from '@patternfly/react-core';

const COLORS: Record<string, 'green' | 'red' | 'orange' | 'blue' | 'grey'> = {
  READY: 'green',
  FAILED: 'red',
  PARTIAL: 'orange',
  ACCEPTED: 'blue',
};

/** A resource or cluster status, coloured as the rest of the UI colours it. */
export function StatusLabel({ status }: { status: string | undefined }) {
  const s = status ?? 'UNKNOWN';
  return (
    <Label color={COLORS[s] ?? 'grey'} data-status={s}>
      {s}
    </Label>
  );
}
