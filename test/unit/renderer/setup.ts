/**
 * The renderer tests' setup. `findBy…` and `waitFor` wait for what the test expects to appear;
 * their 1 s default is a ceiling a busy 2-core machine running two test files at once can
 * reach, so the ceiling is 5 s. A test that passes still passes as soon as its event comes.
 */
import { configure } from '@testing-library/react'

configure({ asyncUtilTimeout: 5_000 })
