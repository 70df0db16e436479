import { TARGET_INDICATORS, type TargetIndicator, regionLevelOf } from '@fupin/schema';
import { Box } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { Labeled, NumberInput, SelectInput, SimpleForm, TextInput, maxLength, maxValue, minValue, required, useRecordContext, useTranslate, type Validator } from 'react-admin';
import { RegionPicker } from '../common/RegionPicker';
import { choicesOf } from '../common/choices';
import { EnumField, PlaceField } from '../common/recordFields';

// The API takes the city, a county or a township; the picker also reaches villages.
const countyOrTownship: Validator = (v) => (v && regionLevelOf(String(v)) === 'VILLAGE' ? 'fupin.targets.mustBeCountyOrTownship' : undefined);
// Required without the picker's required marks (it would mark the village too).
const picked: Validator = (v) => (v ? undefined : 'ra.validation.required');
const positive: Validator = (v) => (v != null && Number(v) <= 0 ? 'ra.validation.minValue' : undefined);

/** The year's value, labelled with the unit of the indicator chosen (人, 个 or 元). */
const ValueInput = () => {
  const translate = useTranslate();
  const indicator = useWatch({ name: 'indicator' }) as TargetIndicator | undefined;
  const unit = indicator ? TARGET_INDICATORS[indicator]?.unit : undefined;
  const label = `${translate('resources.Target.fields.value')}${unit ? `（${unit}）` : ''}`;
  return <NumberInput source="value" label={label} min={0} validate={[required(), positive, maxValue(1e12)]} sx={{ width: 260 }} />;
};

/** Region, year and indicator make the target; afterwards only its value and note change (as in the API). */
export const TargetForm = ({ edit }: { edit?: boolean }) => {
  const record = useRecordContext();
  return (
    <SimpleForm sx={{ maxWidth: 760 }} defaultValues={edit ? undefined : { year: 2017 }}>
      {edit ? (
        <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', mb: 2 }}>
          <Labeled source="regionId">
            <PlaceField source="region" />
          </Labeled>
          <Labeled source="year">
            <span>{record?.year}</span>
          </Labeled>
          <Labeled source="indicator">
            <EnumField source="indicator" name="TargetIndicator" />
          </Labeled>
        </Box>
      ) : (
        <>
          <RegionPicker source="regionId" label="resources.Target.fields.regionId" validate={[picked, countyOrTownship]} />
          <NumberInput source="year" validate={[required(), minValue(2014), maxValue(2100)]} sx={{ width: 160 }} />
          <SelectInput source="indicator" choices={choicesOf('TargetIndicator')} validate={required()} sx={{ minWidth: 220 }} />
        </>
      )}
      <ValueInput />
      <TextInput source="note" validate={maxLength(200)} fullWidth />
    </SimpleForm>
  );
};
