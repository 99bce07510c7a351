package screen

import (
	"sync"

	"github.com/manifoldhq/manifold/internal/compliance/lists"
)

var (
	shippedOnce sync.Once
	shippedReg  *lists.Registry
	shippedErr  error
)
