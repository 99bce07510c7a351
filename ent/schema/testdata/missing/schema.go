package schema

import "entgo.io/ent"

type Widget struct{ ent.Schema }

func (Widget) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

type Gadget struct{ ent.Schema }

func (Gadget) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }
