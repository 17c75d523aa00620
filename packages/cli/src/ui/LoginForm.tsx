import { Box, Text } from 'ink';
import { useEffect, useReducer, type ReactNode } from 'react';
import { useKeys, type KeyPress } from './keys.js';
import { editField } from './text-field.js';

export interface Credentials {
  email: string;
  password: string;
}

interface FormState {
  step: 'email' | 'password' | 'done';
  email: string;
  password: string;
  error?: string;
}

/**
 * Both fields in one reducer fed key by key: a pasted "address⏎password⏎" fills the email, moves
 * on and submits, as the same keys typed one at a time would.
 */
function reduce(state: FormState, press: KeyPress): FormState {
  if (state.step === 'done') return state;
  const field = state.step;
  const edit = editField(state[field], press);
  if (edit.type === 'change') return { ...state, [field]: edit.value, error: undefined };
  if (edit.type !== 'submit') return state;
  if (field === 'email') {
    const email = state.email.trim();
    if (!/^\S+@\S+$/.test(email)) return { ...state, error: 'Enter an email address.' };
    return { ...state, email, step: 'password', error: undefined };
  }
  if (!state.password) return { ...state, error: 'Enter the password.' };
  return { ...state, step: 'done', error: undefined };
}

/** Email, then a masked password. With `email` given, only the password is asked. */
export function LoginForm({
  email: givenEmail,
  heading,
  onSubmit,
}: {
  email?: string;
  heading: string;
  onSubmit: (credentials: Credentials) => void;
}): ReactNode {
  const [state, dispatch] = useReducer(reduce, {
    step: givenEmail ? 'password' : 'email',
    email: givenEmail ?? '',
    password: '',
  });
  useKeys(dispatch);
  const { step, email, password, error } = state;
  useEffect(() => {
    if (step === 'done') onSubmit({ email, password });
  }, [step, email, password, onSubmit]);

  const cursor = <Text inverse> </Text>;
  return (
    <Box flexDirection="column">
      <Text bold>{heading}</Text>
      <Text>
        Email: {email || (step === 'email' ? <Text dimColor>you@example.com</Text> : '')}
        {step === 'email' ? cursor : null}
      </Text>
      {step !== 'email' && (
        <Text>
          Password: {'*'.repeat([...password].length)}
          {step === 'password' ? cursor : null}
        </Text>
      )}
      {error && <Text color="red">{error}</Text>}
    </Box>
  );
}
