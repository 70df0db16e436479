import { Autocomplete, Box, FormHelperText, Stack, TextField } from '@mui/material';
import { CITY_CODE, RegionLevel, regionLevelOf } from '@fupin/schema';
import { useGetList, useInput, useTranslate, ValidationError, type InputProps, type Validator } from 'react-admin';
import { useAccess } from './access';

/**
 * Picks a place by walking the tree: county, then township, then village, each list loaded from the
 * server when its parent is chosen (`allRegions(filter: { parentId })`). The value is the deepest code
 * chosen. As a list filter (`source="regionCode"`) any level will do; as an input (`source="villageId"
 * requiredLevel="VILLAGE"`) it must reach a village.
 */
export interface RegionPickerProps extends Omit<InputProps, 'validate'> {
  requiredLevel?: 'VILLAGE';
  validate?: Validator | Validator[];
  alwaysOn?: boolean;
}

interface RegionOption {
  id: string;
  name: string;
  isPoor?: boolean;
}

/** The county, township and village codes above (and including) a code. */
export function chainOf(code: string | null | undefined): { county?: string; township?: string; village?: string } {
  if (!code || !/^\d{12}$/.test(code)) return {};
  const level = regionLevelOf(code);
  if (level === 'CITY') return {};
  return {
    county: `${code.slice(0, 6)}000000`,
    township: level === 'TOWNSHIP' || level === 'VILLAGE' ? `${code.slice(0, 9)}000` : undefined,
    village: level === 'VILLAGE' ? code : undefined,
  };
}

const mustBeVillage: Validator = (value) => (value && regionLevelOf(String(value)) !== 'VILLAGE' ? 'fupin.region.mustBeVillage' : undefined);

export const RegionPicker = ({ source, requiredLevel, validate, label, alwaysOn: _alwaysOn, ...rest }: RegionPickerProps) => {
  const validators = [...(Array.isArray(validate) ? validate : validate ? [validate] : []), ...(requiredLevel ? [mustBeVillage] : [])];
  const { field, fieldState, isRequired } = useInput({ source, validate: validators, ...rest });
  const value: string | null = field.value || null;
  // A scoped user starts at their own county or township: those levels are shown chosen and fixed
  // (nothing else is theirs), and clearing a level below goes back to the scope, never above it.
  const { scope } = useAccess();
  const fixed = chainOf(scope);
  const chain = chainOf(value && (!scope || value.startsWith(scope.replace(/0+$/, ''))) ? value : scope);
  const set = (code: string | null | undefined) => field.onChange(code ?? null);
  const translate = useTranslate();
  const error = fieldState.error?.message;

  return (
    <Box className={`ra-input ra-input-${source}`} sx={{ mb: requiredLevel ? 1 : 0 }}>
      <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap' }} role="group" aria-label={typeof label === 'string' ? translate(label, { _: label }) : undefined}>
        <LevelSelect parentId={CITY_CODE} level="COUNTY" value={chain.county} onChange={(c) => set(c)} required={isRequired} error={!!error} disabled={!!fixed.county} />
        {chain.county && (
          <LevelSelect parentId={chain.county} level="TOWNSHIP" value={chain.township} onChange={(c) => set(c ?? (fixed.county ? null : chain.county))} error={!!error} disabled={!!fixed.township} />
        )}
        {chain.township && (
          <LevelSelect parentId={chain.township} level="VILLAGE" value={chain.village} onChange={(c) => set(c ?? (fixed.township ? null : chain.township))} error={!!error} />
        )}
      </Stack>
      {error && (
        <FormHelperText error>
          <ValidationError error={error} />
        </FormHelperText>
      )}
    </Box>
  );
};

function LevelSelect({
  parentId, level, value, onChange, required, error, disabled,
}: { parentId: string; level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE'; value?: string; onChange: (code: string | undefined) => void; required?: boolean; error?: boolean; disabled?: boolean }) {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<RegionOption>('Region', {
    filter: { parentId },
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'code', order: 'ASC' },
    meta: { sparseFields: ['id', 'name', 'isPoor'] },
  });
  const selected = data.find((r) => r.id === value) ?? null;
  const label = translate(`fupin.enum.RegionLevel.${level}`, { _: RegionLevel.labels[level].zh });
  return (
    <Autocomplete<RegionOption>
      size="small"
      sx={{ width: level === 'VILLAGE' ? 260 : 200 }}
      options={data}
      loading={isPending}
      value={selected}
      disabled={disabled}
      onChange={(_e, option) => onChange(option?.id)}
      getOptionLabel={(o) => o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      renderOption={(props, o) => (
        <li {...props} key={o.id}>
          {o.name}
        </li>
      )}
      renderInput={(params) => <TextField {...params} label={label} required={required} error={error} margin="dense" />}
      noOptionsText={translate('ra.navigation.no_results', { name: label })}
      loadingText={translate('ra.page.loading')}
    />
  );
}
