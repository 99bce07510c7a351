package masterdata

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (errors.Is) by every validation error from this package.
var ErrInvalid = errors.New("masterdata: invalid value")

// ruleError carries the broken rule in plain words; its text is safe to show to users
// and never echoes free text from the input.
type ruleError struct{ rule string }

func (e *ruleError) Error() string        { return e.rule }
func (e *ruleError) Is(target error) bool { return target == ErrInvalid }

func invalid(format string, args ...any) error {
	return &ruleError{rule: fmt.Sprintf(format, args...)}
}
