import { Box } from '@mui/material';
import { Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { ShowActions } from '../common/list';
import { LocalDateField } from '../common/recordFields';

export const JobFairShow = () => (
  <Show actions={<ShowActions resource="JobFair" />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="title">
          <TextField source="title" />
        </Labeled>
        <Labeled source="county">
          <TextField source="county.name" />
        </Labeled>
        <Labeled source="venue">
          <TextField source="venue" />
        </Labeled>
        <Labeled source="heldOn">
          <LocalDateField source="heldOn" long />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="postsOffered">
          <NumberField source="postsOffered" />
        </Labeled>
        <Labeled source="laborersRegistered">
          <NumberField source="laborersRegistered" />
        </Labeled>
        <Labeled source="intentionsSigned">
          <NumberField source="intentionsSigned" />
        </Labeled>
      </Box>
    </SimpleShowLayout>
  </Show>
);
