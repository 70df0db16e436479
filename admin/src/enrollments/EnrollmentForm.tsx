import { BooleanInput, FormDataConsumer, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { DateInput } from '../common/fields';
import { LaborerInput, TrainingClassInput } from '../common/list';
import { notBefore } from '../common/validators';

/** Completion brings its day (and, optionally, the certificate and whether a job followed). */
export const EnrollmentForm = ({ edit }: { edit?: boolean }) => (
  <SimpleForm sx={{ maxWidth: 760 }} defaultValues={{ completed: false, employedAfterTraining: false }}>
    {/* Who and which class are fixed once enrolled: a mistake is deleted and enrolled again. */}
    <LaborerInput source="laborerId" validate={required()} disabled={edit} />
    <TrainingClassInput source="classId" validate={required()} disabled={edit} />
    <DateInput source="enrolledOn" validate={required()} />
    <BooleanInput source="completed" />
    <FormDataConsumer<{ completed?: boolean }>>
      {({ formData }) =>
        formData.completed && (
          <>
            <DateInput source="completedOn" validate={[required(), notBefore('enrolledOn')]} />
            <TextInput source="certificateNo" validate={maxLength(50)} />
            <BooleanInput source="employedAfterTraining" />
          </>
        )
      }
    </FormDataConsumer>
  </SimpleForm>
);

/** An enrollment not (or no longer) completed has no completion day nor certificate. */
export const withoutStaleCompletion = <T extends { completed?: boolean }>(data: T): T =>
  data.completed ? data : { ...data, completedOn: null, certificateNo: null, employedAfterTraining: false };
