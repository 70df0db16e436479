import { Admin, Datagrid, List, Resource, TextField } from 'react-admin';
import { dataProvider } from './dataProvider';

const RegionList = () => (
  <List>
    <Datagrid rowClick={false}>
      <TextField source="code" label="区划代码" />
      <TextField source="name" label="名称" />
      <TextField source="level" label="级别" />
    </Datagrid>
  </List>
);

export const App = () => (
  <Admin dataProvider={dataProvider} disableTelemetry title="南充市就业扶贫数据中台">
    <Resource name="Region" list={RegionList} options={{ label: '行政区划' }} />
  </Admin>
);
