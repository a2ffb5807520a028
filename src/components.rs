//! Generic components used by several features: form fields bound to the
//! editor, and page furniture.

pub mod check_field;
pub mod choice_checks;
pub mod choice_radios;
pub mod choice_select;
pub mod confirm;
pub mod controls;
pub mod date_field;
pub mod decimal_field;
pub mod editable_list;
pub mod field_error;
pub mod field_frame;
pub mod not_found;
pub mod number_field;
pub mod text_field;

pub use check_field::CheckField;
pub use choice_checks::ChoiceChecks;
pub use choice_radios::ChoiceRadios;
pub use choice_select::ChoiceSelect;
pub use confirm::Confirm;
pub use date_field::DateField;
pub use decimal_field::DecimalField;
pub use editable_list::EditableList;
pub use field_error::FieldErrorText;
pub use number_field::NumberField;
pub use text_field::TextField;
