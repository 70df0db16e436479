import { Box } from '@mui/material';
import { Labeled, Show, SimpleShowLayout } from 'react-admin';
import { RecordPayments } from '../common/RecordPayments';
import { ShowActions } from '../common/list';
import { LaborerLink, LocalDateField, MoneyField, RefLink, Tick } from '../common/recordFields';

export const WelfarePlacementShow = () => (
  <Show actions={<ShowActions resource="WelfarePlacement" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="laborer">
          <LaborerLink />
        </Labeled>
        <Labeled source="post">
          <RefLink source="post" reference="WelfarePost" text="title" />
        </Labeled>
        <Labeled source="post.monthlyPay" label="resources.WelfarePost.fields.monthlyPay">
          <MoneyField source="post.monthlyPay" />
        </Labeled>
        <Labeled source="startDate">
          <LocalDateField source="startDate" long />
        </Labeled>
        <Labeled source="endDate">
          <LocalDateField source="endDate" long />
        </Labeled>
        <Labeled source="active">
          <Tick source="active" />
        </Labeled>
      </Box>
      <RecordPayments programKind="WELFARE_POST" />
    </SimpleShowLayout>
  </Show>
);
