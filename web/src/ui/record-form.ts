import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';

/**
 * A create/edit side panel's state: its text fields, a save that refreshes every query on success,
 * the API's field errors by field, and any other error to show above the form.
 */
export function useRecordForm<F extends Record<string, string>, R>(initial: F, saveWith: (form: F) => Promise<R>, onSaved: (saved: R) => void) {
  const [form, setForm] = useState(initial);
  const queries = useQueryClient();
  const save = useMutation({ mutationFn: () => saveWith(form), onSuccess: async (saved: R) => { await queries.invalidateQueries(); onSaved(saved); } });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const otherError = save.error && Object.keys(errors).length === 0 ? save.error : undefined;
  const set = (key: keyof F) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return { form, set, save, errors, otherError, submit };
}
