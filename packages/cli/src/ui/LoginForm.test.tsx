import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { LoginForm } from './LoginForm.js';
import { KEYS, frameMatching, press } from '../../test/keys.js';

describe('LoginForm', () => {
  it('asks the email, then a masked password, and submits both', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <LoginForm heading="Log in to http://x" onSubmit={onSubmit} />,
    );
    await frameMatching(lastFrame, 'Email:');
    await press(stdin, ...'nope');
    await press(stdin, KEYS.enter);
    await frameMatching(lastFrame, 'Enter an email address.');
    for (let i = 0; i < 4; i++) await press(stdin, KEYS.backspace);
    await press(stdin, ...'me@shop.local');
    await press(stdin, KEYS.enter);
    await frameMatching(lastFrame, 'Password:');
    await press(stdin, ...'s3cret!');
    const frame = await frameMatching(lastFrame, '*******');
    expect(frame).not.toContain('s3cret!');
    await press(stdin, KEYS.enter);
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    expect(onSubmit).toHaveBeenCalledWith({ email: 'me@shop.local', password: 's3cret!' });
    unmount();
  });

  it('takes a pasted email and password with their Enters in one chunk each', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <LoginForm heading="Log in" onSubmit={onSubmit} />,
    );
    await frameMatching(lastFrame, 'Email:');
    await press(stdin, 'me@shop.local\r');
    const asked = await frameMatching(lastFrame, 'Password:');
    expect(asked).toMatch(/^Email: me@shop\.local$/m);
    await press(stdin, 'pa ss\r');
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    expect(onSubmit).toHaveBeenCalledWith({ email: 'me@shop.local', password: 'pa ss' });
    unmount();
  });

  it('takes both fields from one burst, and a bracketed paste without acting on its line break', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <LoginForm heading="Log in" onSubmit={onSubmit} />,
    );
    await frameMatching(lastFrame, 'Email:');
    await press(stdin, 'me@shop.local\r\u001B[200~secret\n\u001B[201~');
    await frameMatching(lastFrame, 'Password: ******');
    expect(onSubmit).not.toHaveBeenCalled();
    await press(stdin, KEYS.enter);
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    expect(onSubmit).toHaveBeenCalledWith({ email: 'me@shop.local', password: 'secret' });
    unmount();
  });

  it('asks only the password when the email is given', async () => {
    const onSubmit = vi.fn();
    const { stdin, lastFrame, unmount } = render(
      <LoginForm heading="Log in" email="given@shop.local" onSubmit={onSubmit} />,
    );
    const frame = await frameMatching(lastFrame, 'Password:');
    expect(frame).toContain('given@shop.local');
    await press(stdin, ...'pw');
    await press(stdin, KEYS.enter);
    await expect.poll(() => onSubmit.mock.calls.length).toBe(1);
    expect(onSubmit).toHaveBeenCalledWith({ email: 'given@shop.local', password: 'pw' });
    unmount();
  });
});
