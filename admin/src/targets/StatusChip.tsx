import { Chip } from '@mui/material';
import type { TargetStatus } from '@fupin/schema';
import { useTranslate } from 'react-admin';
import { STATUS_COLOR } from './values';

/** On track / behind / far behind, in words and in colour. */
export const StatusChip = ({ status }: { status: TargetStatus }) => {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLOR[status]} label={translate(`fupin.enum.TargetStatus.${status}`)} data-status={status} sx={{ fontWeight: 'bold' }} />;
};
