import { Box, Text } from 'ink';
import { PasswordInput, TextInput } from '@inkjs/ui';
import { useState, type ReactNode } from 'react';

export interface Credentials {
  email: string;
  password: string;
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
  const [email, setEmail] = useState(givenEmail ?? '');
  const [step, setStep] = useState<'email' | 'password'>(givenEmail ? 'password' : 'email');
  const [error, setError] = useState<string>();

  return (
    <Box flexDirection="column">
      <Text bold>{heading}</Text>
      <Box>
        <Text>Email: </Text>
        {step === 'email' ? (
          <TextInput
            placeholder="you@example.com"
            onSubmit={(value) => {
              if (!/^\S+@\S+$/.test(value.trim())) return setError('Enter an email address.');
              setError(undefined);
              setEmail(value.trim());
              setStep('password');
            }}
          />
        ) : (
          <Text>{email}</Text>
        )}
      </Box>
      {step === 'password' && (
        <Box>
          <Text>Password: </Text>
          <PasswordInput
            onSubmit={(password) => {
              if (!password) return setError('Enter the password.');
              onSubmit({ email, password });
            }}
          />
        </Box>
      )}
      {error && <Text color="red">{error}</Text>}
    </Box>
  );
}
